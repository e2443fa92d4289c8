/**
 * Aperio ImageScope annotation XML: validating uploads and writing prediction results.
 * Shared by the Node side (sandbox server) and the renderer (browser), so it imports nothing from Node.
 *
 * The format, as ImageScope exports it:
 *
 *   <Annotations MicronsPerPixel="0.499000">
 *     <Annotation Id="1" Name="Tumor" LineColor="255" …>        one layer (class); LineColor is BGR decimal
 *       <Attributes><Attribute Name="Description" Id="0" Value="…"/></Attributes>
 *       <Regions>
 *         <RegionAttributeHeaders>…</RegionAttributeHeaders>
 *         <Region Id="1" Type="0" NegativeROA="0" Text="…" …>   Type 0 freehand, 1 rectangle, 2 ellipse,
 *           <Attributes/>                                        3 arrow, 4 ruler; NegativeROA="1" is a hole
 *           <Vertices><Vertex X="1200.5" Y="800" Z="0"/>…</Vertices>
 *         </Region>
 *       </Regions>
 *       <Plots/>
 *     </Annotation>
 *   </Annotations>
 */
export { validateImageScopeXml } from './imagescope-validate.js';
export { buildImageScopeXml } from './imagescope-build.js';
export {
  rgbToImageScopeColor,
  imageScopeColorToRgb,
  isImageScopeColor,
  type RgbColor,
} from './imagescope-color.js';
export { IMAGESCOPE_REGION_TYPES } from './imagescope-region-types.js';
export type {
  ImageScopeSummary,
  ImageScopeProblemCode,
  ImageScopeValidation,
  ImageScopeProblem,
  ImageScopeBuildInput,
  ImageScopeLayerInput,
  ImageScopeRegionInput,
  ImageScopeVertexInput,
} from './imagescope-types.js';
